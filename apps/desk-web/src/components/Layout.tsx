import { SkipLink } from 'govuk-frontend';
import { ReactNode, useEffect, useRef } from 'react';
import { api } from '../api';
import { canSeeInsights } from '../insights-access';
import { navigate, onLinkClick } from '../router';
import { signOut, who } from '../session';
import { startOnce } from './govuk';
import { LiveNotices } from './LiveNotices';

const NAV: { href: string; label: string; page?: string }[] = [
  { href: '/', label: 'Queue', page: 'queue' },
  { href: '/placements', label: 'Placement requests', page: 'placements' },
  { href: '/alerts', label: 'Alerts', page: 'alerts' },
  { href: '/dashboard', label: 'Dashboard', page: 'dashboard' },
];

/** The GOV.UK page template: skip link, header with the service name, service navigation, main content. */
export function Layout({ current, children }: { current?: string; children: ReactNode }) {
  const skip = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    startOnce(SkipLink, skip.current);
  }, []);
  const user = who();
  const logout = async () => {
    try {
      await api.logout();
    } catch {
      // Signed out here whatever the desk said: the token is dropped from this browser.
    }
    signOut();
    navigate('/login');
  };
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link" ref={skip}>
        Skip to main content
      </a>
      <header className="govuk-header" data-module="govuk-header">
        <div className="govuk-header__container app-width-container">
          <div className="govuk-header__logo">
            <a href="/" className="govuk-header__homepage-link" onClick={onLinkClick}>
              <span className="govuk-header__product-name">Front door duty desk</span>
            </a>
          </div>
        </div>
      </header>
      {user && (
        <section className="govuk-service-navigation" aria-label="Service information">
          <div className="app-width-container">
            <div className="govuk-service-navigation__container">
              <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                <ul className="govuk-service-navigation__list">
                  {NAV.filter((n) => n.page !== 'dashboard' || canSeeInsights(user)).map((n) => (
                    <li
                      key={n.href}
                      className={`govuk-service-navigation__item${n.page !== undefined && n.page === current ? ' govuk-service-navigation__item--active' : ''}`}
                    >
                      <a
                        className="govuk-service-navigation__link"
                        href={n.href}
                        onClick={onLinkClick}
                        aria-current={n.page !== undefined && n.page === current ? 'page' : undefined}
                      >
                        {n.label}
                      </a>
                    </li>
                  ))}
                  <li className="govuk-service-navigation__item">
                    <button
                      type="button"
                      className="govuk-service-navigation__link app-sort-button"
                      onClick={logout}
                    >
                      Sign out {user.username}
                    </button>
                  </li>
                </ul>
              </nav>
            </div>
          </div>
        </section>
      )}
      <div className="app-width-container">
        <main className="govuk-main-wrapper" id="main-content">
          {user && <LiveNotices onAlertsPage={current === 'alerts'} />}
          {children}
        </main>
      </div>
    </>
  );
}
