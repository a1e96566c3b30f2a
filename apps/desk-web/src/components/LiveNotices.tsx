import { levelLabel, priorityLabel } from '@app/contracts/labels';
import { useState } from 'react';
import { when } from '../format';
import { useLive } from '../live';
import { onLinkClick } from '../router';

interface Notice {
  key: string;
  text: string;
  href: string;
  link: string;
}

/**
 * What the live stream says a worker must know at once, on every page: an item they hold was raised by a
 * re-triage, or a new alert arrived. Read out by screen readers (an assertive live region); each one stays
 * until dismissed.
 */
export function LiveNotices({ onAlertsPage = false }: { onAlertsPage?: boolean }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const add = (n: Notice) => setNotices((ns) => [n, ...ns.filter((x) => x.key !== n.key)].slice(0, 3));
  useLive((e) => {
    if (e.type === 'held-raised')
      add({
        key: `held-${e.contactId}-${e.dueAt}`,
        text: `An item you hold was raised by a re-triage: now ${levelLabel(e.needLevel)}, ${priorityLabel(e.priority).toLowerCase()}, due ${when(e.dueAt)}.`,
        href: `/items/${e.contactId}`,
        link: 'Open the item',
      });
    if (e.type === 'alert' && e.change === 'alert.delivered')
      add({
        key: `alert-${e.id}`,
        text: `New alert: ${e.alert.title}`,
        href: onAlertsPage ? `#alert-${e.id}` : '/alerts',
        link: onAlertsPage ? 'Show it' : 'Go to alerts',
      });
  });
  return (
    <div aria-live="assertive" id="live-notices">
      {notices.map((n) => (
        <div className="govuk-notification-banner" key={n.key} data-notice={n.key}>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              {n.text}{' '}
              <a
                className="govuk-notification-banner__link"
                href={n.href}
                onClick={n.href.startsWith('/') ? onLinkClick : undefined}
              >
                {n.link}
              </a>
            </p>
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              onClick={() => setNotices((ns) => ns.filter((x) => x.key !== n.key))}
            >
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
