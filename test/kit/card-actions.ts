/**
 * What a Teams client does when a person fills in a card and presses a button: it collects the
 * card's inputs (for `associatedInputs: auto`, the default) over the action's own data.
 */
export interface PressedAction {
  verb: string;
  data: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

function walk(node: unknown, visit: (element: Json) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (!isObject(node)) return;
  visit(node);
  for (const value of Object.values(node)) walk(value, visit);
}

/** Every input on a card with the value it shows (empty when none). */
export function inputValues(card: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  walk(card, (element) => {
    if (
      typeof element.type === 'string' &&
      element.type.startsWith('Input.') &&
      typeof element.id === 'string'
    ) {
      values[element.id] = typeof element.value === 'string' ? element.value : '';
    }
  });
  return values;
}

/** Every Action.Execute on a card (card actions and ActionSets). */
export function executeActions(card: unknown): Json[] {
  const found: Json[] = [];
  walk(card, (element) => {
    if (element.type === 'Action.Execute') found.push(element);
  });
  return found;
}

/** Presses the button with this verb (and, if given, matching data), after typing `entries`. */
export function press(
  card: unknown,
  verb: string,
  entries: Record<string, string> = {},
  where: Record<string, unknown> = {},
): PressedAction {
  const action = executeActions(card).find(
    (candidate) =>
      candidate.verb === verb &&
      Object.entries(where).every(
        ([key, value]) => isObject(candidate.data) && candidate.data[key] === value,
      ),
  );
  if (!action) throw new Error(`no ${verb} button on this card`);
  const data = isObject(action.data) ? action.data : {};
  const inputs = action.associatedInputs === 'none' ? {} : { ...inputValues(card), ...entries };
  return { verb, data: { ...data, ...inputs } };
}

/** The choices an Input.ChoiceSet offers. */
export function choicesOf(card: unknown, inputId: string): string[] {
  let choices: string[] = [];
  walk(card, (element) => {
    if (element.type === 'Input.ChoiceSet' && element.id === inputId && Array.isArray(element.choices)) {
      choices = element.choices.flatMap((choice) =>
        isObject(choice) && typeof choice.value === 'string' ? [choice.value] : [],
      );
    }
  });
  return choices;
}

/** The error shown under an input: the TextBlock right after it in the same container. */
export function errorBeside(card: unknown, inputId: string): string | undefined {
  let message: string | undefined;
  walk(card, (element) => {
    for (const value of Object.values(element)) {
      if (!Array.isArray(value)) continue;
      const index = value.findIndex((child) => isObject(child) && child.id === inputId);
      const next = index >= 0 ? value[index + 1] : undefined;
      if (
        isObject(next) &&
        next.type === 'TextBlock' &&
        next.color === 'Attention' &&
        typeof next.text === 'string'
      )
        message = next.text;
    }
  });
  return message;
}
