/**
 * Flags messages that suggest someone is in immediate danger, so the emergency card (call 999, then
 * raise a concern) comes before anything else. Working Together 2023 and the Care Act 2014 guidance
 * both put emergency services first when a person is at immediate risk.
 *
 * A message is an emergency when it describes danger happening now or imminently (a threat, a weapon,
 * someone trapped, an intent to die or to harm "tonight"), not when it asks about a topic ("the
 * dangers of online grooming", "the policy on self-harm"). Over-triggering is the safer error, but a
 * policy question must not be answered with a 999 card, or staff learn to ignore it.
 */

/** Danger described in the present or the immediate future. */
const dangerNow: readonly RegExp[] = [
  /\b(?:is|are|'s|’s|he's|she's|they're|someone's|somebody's)\s+(?:\w+\s+)?(?:threatening|attacking|hitting|beating|hurting|strangling|choking|stabbing|punching|kicking|assaulting|abusing|raping|chasing|following)\b/i,
  /\b(?:threatening|attacking|hitting|beating|hurting|strangling|choking)\s+(?:her|him|them|me|us|a child|the child|someone|somebody)\s+(?:right now|now|at the moment|as we speak)\b/i,
  /\b(?:right now|at the moment|as we speak|happening now|tonight|today)\b.*\b(?:threat|attack|hit|beat|hurt|kill|weapon|knife|gun|danger|bleeding|unconscious|overdos)/i,
  // The same danger told the other way round or in the passive: "she's being attacked right now".
  /\b(?:threat|attack|hit|beat|hurt|kill|stab|punch|kick|strangl|chok|weapon|knife|gun|danger|bleeding|unconscious|overdos)\w*\b.*\b(?:right now|happening now|as we speak)\b/i,
  /\b(?:about to|going to|gonna)\s+(?:get|be)\s+(?:\w+\s+)?(?:hurt|attacked|hit|beaten|stabbed|killed|shot|harmed|injured|raped)\b/i,
  /\b(?:has|have|got|with|holding|carrying|waving)\s+(?:a|an)\s+(?:knife|gun|blade|weapon|machete|firearm)\b/i,
  /\b(?:going to|gonna|wants to|want to|will|about to|plans? to|threaten(?:ing|ed|s)? to)\s+(?:kill|hurt|stab|shoot|hang|end)\s+(?:him|her|them|my|his|their|me|us|the|a|it|herself|himself|themselves|myself|everyone)/i,
  /\b(?:kill|hang|hurt|harm)\s+(?:her|him|them|my)?selves?\b.*\b(?:tonight|today|now|tomorrow|later)\b/i,
  /\b(?:tonight|today|now)\b.*\b(?:kill|hang|hurt|harm)\s+(?:her|him|them|my)?sel(?:f|ves)\b/i,
  /\b(?:locked|trapped|stuck|left alone)\s+in\s+(?:a|the|his|her|their)\s+(?:\w+\s+)?(?:car|van|room|house|flat|cupboard|basement)\b/i,
  /\b(?:not breathing|unconscious|unresponsive|bleeding (?:heavily|badly|a lot)|collapsed|overdosed?|taken an overdose)\b/i,
  /\b(?:in|into)\s+(?:immediate|imminent|serious)\s+danger\b/i,
  /\b(?:is|are|'s|’s|they're)\s+in\s+danger\b/i,
  /\b(?:help me|please help|call (?:the )?police|call 999|ring 999|dial 999)\b/i,
  /\b(?:suicide note|jump(?:ing)? off|on the (?:bridge|roof|ledge))\b/i,
  /\b(?:missing|ran away|run away|disappeared)\b.*\b(?:right now|tonight|just now|this evening|an hour ago|hours? ago)\b/i,
];

/** Wording that turns the message into a question about policy, not a report of danger. */
const asksAboutTopic: readonly RegExp[] = [
  /\b(?:what|where|which)\s+(?:is|are|does|do)\s+(?:the|our|your)\s+(?:policy|procedure|guidance|rule|process)\b/i,
  /\b(?:policy|procedure|guidance|training|course)\s+(?:on|for|about)\b/i,
  /\bhow (?:do|should|can|would) (?:i|we|staff|you)\s+(?:report|recognise|recognize|spot|respond|deal|handle|raise|record)\b/i,
  /\b(?:the )?dangers? of\b/i,
  /\b(?:signs|indicators|examples|types) of\b/i,
  /\bwhat (?:counts as|happens if|should i do if|if)\b/i,
  /\b(?:who|what) (?:do|should|would|can) (?:i|we)\s+\w+(?:\s+\w+)?\s+if\b/i,
  /\b(?:hypothetically|for example|in general|generally)\b/i,
];

export function detectEmergency(text: string): boolean {
  const message = text.slice(0, 2000).replace(/\s+/g, ' ');
  if (!dangerNow.some((pattern) => pattern.test(message))) return false;
  const present = /\b(?:right now|now|tonight|today|at the moment|as we speak|currently|just)\b/i.test(
    message,
  );
  // A policy question that mentions danger is not an emergency unless it also says "now".
  if (asksAboutTopic.some((pattern) => pattern.test(message)) && !present) return false;
  return true;
}
