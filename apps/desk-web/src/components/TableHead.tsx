/** A column of a GOV.UK table's head: its label, or its label and the classes added to its header cell. */
export type Column = string | { label: string; className: string };

/** A GOV.UK table's head row, one header cell per column, so each table lists its columns and nothing more. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        {columns.map((c) => {
          const label = typeof c === 'string' ? c : c.label;
          const extra = typeof c === 'string' ? '' : ` ${c.className}`;
          return (
            <th scope="col" className={`govuk-table__header${extra}`} key={label}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
