/** The Adaptive Cards attached to an activity the bot sent. */
export function cardsIn(activity: Record<string, unknown> | undefined): unknown[] {
  const attachments = activity?.attachments;
  if (!Array.isArray(attachments)) return [];
  return attachments
    .filter((attachment) => attachment?.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((attachment) => attachment.content);
}

/** Every string a person would read on a card (TextBlock text, FactSet facts, titles), joined. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (
        (key === 'text' || key === 'title' || key === 'value' || key === 'label' || key === 'placeholder') &&
        typeof value === 'string'
      ) {
        parts.push(value);
      } else visit(value);
    }
  };
  visit(card);
  return parts.join('\n');
}
