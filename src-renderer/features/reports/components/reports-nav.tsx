import { useId } from 'react';
import { Link } from 'wouter';
import { useT } from '../../../i18n/use-t.js';
import { routes } from '../../workspace/routes.js';

/** The team lead's places in the workspace's side: the reports and the live department overview. */
export function ReportsNav({ current }: { current: 'reports' | 'overview' | null }) {
  const t = useT();
  const headingId = useId();
  return (
    <nav className="reports-nav" aria-labelledby={headingId}>
      <h2 className="nav-heading" id={headingId}>
        {t('reports.nav')}
      </h2>
      <ul className="plain-list nav-list">
        <li>
          <Link href={routes.reports} className="nav-link" aria-current={current === 'reports' ? 'page' : undefined} data-nav="reports">
            <span className="nav-label">{t('reports.nav.reports')}</span>
          </Link>
        </li>
        <li>
          <Link href={routes.overview} className="nav-link" aria-current={current === 'overview' ? 'page' : undefined} data-nav="overview">
            <span className="nav-label">{t('reports.nav.overview')}</span>
          </Link>
        </li>
      </ul>
    </nav>
  );
}
