// GOV.UK Frontend ships JavaScript without type declarations: the two components the app starts itself.
declare module 'govuk-frontend' {
  export class ErrorSummary {
    constructor(root: Element);
  }
  export class SkipLink {
    constructor(root: Element);
  }
}
