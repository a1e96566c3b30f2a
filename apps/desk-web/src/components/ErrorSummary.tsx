import { ErrorSummary as GovukErrorSummary } from 'govuk-frontend';
import { useEffect, useRef } from 'react';
import { ApiError } from '../api';
import { startOnce } from './govuk';

/** Maps an API field path (e.g. "reason") to the id of the input that answers it. */
export type FieldIds = Record<string, string>;

/**
 * The GOV.UK error summary for a failed API call: the problem's title, then each field at fault linked to its
 * input. GOV.UK Frontend's own script moves focus to it and makes the links focus their inputs.
 */
export function ErrorSummary({ error, fields = {} }: { error: unknown; fields?: FieldIds }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    startOnce(GovukErrorSummary, ref.current);
    ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const e = error instanceof ApiError ? error : new ApiError(0, 'Something went wrong', String(error), []);
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <p className="govuk-body">{e.detail ?? e.title}</p>
          {e.errors.length > 0 && (
            <ul className="govuk-list govuk-error-summary__list">
              {e.errors.map((f, i) => {
                // A query parameter's path reads "query:level": its input is the filter "level".
                const field = f.path?.replace(/^query:/, '');
                const id = f.path ? (fields[f.path] ?? (field ? fields[field] : undefined)) : undefined;
                const text = `${f.path ? `${f.path} ` : ''}${f.message}`;
                return <li key={i}>{id ? <a href={`#${id}`}>{text}</a> : text}</li>;
              })}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}

/** The message beside a field, from the API's problem, for the GOV.UK error message pattern. */
export function fieldError(error: unknown, path: string): string | null {
  if (!(error instanceof ApiError)) return null;
  const f = error.errors.find((x) => x.path === path);
  return f ? `${f.path} ${f.message}` : null;
}
