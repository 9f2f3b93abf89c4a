import { useId, type ReactNode } from 'react';
import type { Language } from '../../../../src-shared/ipc/app.js';
import { columnLabel, tableLabel } from '../../../../src-shared/reports/labels.js';
import type { ReportTable as Table } from '../../../../src-shared/reports/model.js';
import type { Translate } from '../../../i18n/use-t.js';
import { formatCell, formatTotalCell, isNumeric } from '../report-format.js';
import { Heading, type HeadingLevel } from './heading.js';

interface ReportTableProps {
  table: Table;
  language: Language;
  t: Translate;
  headingLevel: HeadingLevel;
  /** Beside the caption on screen (the CSV button); nothing on paper. */
  action?: ReactNode;
}

/**
 * One table of a report: column labels and terms in the report's language, numbers as the
 * language writes them. The sum row is the last row of the body, not a `<tfoot>`: Chromium
 * repeats a footer on every printed page, and a sum belongs under the last row only.
 */
export function ReportTableView({ table, language, t, headingLevel, action }: ReportTableProps) {
  const title = tableLabel(language, table.id);
  // Several reports may sit on one print page, each with tables of the same ids.
  const titleId = useId();
  const numeric = table.columns.map((column) => isNumeric(column.kind));
  const align = (index: number): string | undefined => (numeric[index] === true ? 'report-number' : undefined);
  return (
    <div className="report-table-block" data-report-table={table.id}>
      <div className="report-table-head">
        <Heading level={headingLevel} className="report-table-title" id={titleId}>
          {title}
        </Heading>
        {action}
      </div>
      <table className="report-table" aria-labelledby={titleId}>
        <thead>
          <tr>
            {table.columns.map((column, index) => (
              <th key={column.key} scope="col" className={align(index)} data-column={column.key}>
                {columnLabel(language, column.key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 && (
            <tr>
              <td colSpan={table.columns.length} className="report-empty">
                {t('reports.table.empty')}
              </td>
            </tr>
          )}
          {table.rows.map((row, rowIndex) => (
            // Rows have no id of their own; their order is the report's and never changes.
            <tr key={rowIndex}>
              <RowCells columns={table.columns} texts={table.columns.map((column, index) => formatCell(language, column.kind, row[index] ?? null))} align={align} />
            </tr>
          ))}
          {table.total !== null && (
            <tr className="report-total" data-total-row="">
              <RowCells columns={table.columns} texts={table.columns.map((column, index) => formatTotalCell(language, column.kind, table.total?.[index] ?? null, index))} align={align} />
            </tr>
          )}
        </tbody>
      </table>
      {table.omitted > 0 && (
        <p className="report-omitted" data-omitted={table.omitted}>
          {t('reports.omitted', table.omitted)}
        </p>
      )}
    </div>
  );
}

/** A row's cells: the first names the row (a header cell for screen readers), the rest hold its figures. */
function RowCells({ columns, texts, align }: { columns: readonly { key: string }[]; texts: readonly string[]; align: (index: number) => string | undefined }) {
  return columns.map((column, index) =>
    index === 0 ? (
      <th key={column.key} scope="row" className={align(index)}>
        {texts[index]}
      </th>
    ) : (
      <td key={column.key} className={align(index)}>
        {texts[index]}
      </td>
    ),
  );
}
