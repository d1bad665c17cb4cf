// The package's own typings import adaptivecards' TypeScript sources, which do not compile
// under this project's strict ESM settings; tsconfig maps the module here. Only what we use.
export interface EvaluationContext {
  $root?: unknown;
}

export class Template {
  constructor(payload?: unknown);
  expand(context: EvaluationContext): unknown;
}
