import './styles.css';
import { fill, h, outcome, showError } from './dom';
import { navigate, onNavigate, type View } from './router';
import { resume, session, signOut, type Session } from './session';
import { analyticsView } from './views/analytics';
import { campaignView } from './views/campaign';
import { campaignsView } from './views/campaigns';
import { complianceView } from './views/compliance';
import { icpsView } from './views/icps';
import { signInView } from './views/signin';

interface Route {
  path: RegExp;
  /** Where the navigation links to, for routes that are in it (those the session may use). */
  href?: string;
  title: string;
  view: View;
  allowed?: (s: Session) => boolean;
}

const routes: Route[] = [
  { path: /^\/campaigns\/?$/, href: '/campaigns', title: 'Campaigns', view: campaignsView },
  { path: /^\/campaigns\/([0-9a-fA-F-]{36})\/?$/, title: 'Campaign', view: campaignView },
  { path: /^\/icps\/?$/, href: '/icps', title: 'ICPs', view: icpsView },
  { path: /^\/analytics\/?$/, href: '/analytics', title: 'Analytics', view: analyticsView },
  { path: /^\/compliance\/?$/, href: '/compliance', title: 'Compliance', view: complianceView, allowed: (s) => s.canComply },
];

const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
const who = document.getElementById('who')!;
let leaving = new AbortController();
let firstRender = true;

/** Where a user starts: prospectors at their campaigns, compliance officers at subjects, analysts at the numbers. */
function home(s: Session): string {
  if (s.canChange) return '/campaigns';
  if (s.canComply) return '/compliance';
  return '/analytics';
}

async function render(): Promise<void> {
  leaving.abort();
  leaving = new AbortController();
  const signal = leaving.signal;
  const current = session();
  // After a navigation, focus goes to the new content (screen readers announce it); not on the first load.
  const moveFocus = !firstRender;
  firstRender = false;
  renderHeader(current);
  main.replaceChildren();

  if (!current) {
    document.title = 'Sign in · LeadGen';
    signInView(main, () => navigate(location.pathname === '/' ? home(session()!) : location.pathname + location.search, true));
    return;
  }
  const route = routes.find((r) => r.path.test(location.pathname));
  if (!route) {
    navigate(home(current), true);
    return;
  }
  document.title = `${route.title} · LeadGen`;
  if (moveFocus) main.focus();
  if (route.allowed && !route.allowed(current)) {
    fill(main, h('h1', null, route.title), h('p', { class: 'notice' }, 'The signed-in key or token does not have a role that may use this view.'));
    return;
  }
  try {
    await route.view({ main, params: route.path.exec(location.pathname)!.slice(1), search: new URLSearchParams(location.search), signal, session: current });
  } catch (e) {
    if (signal.aborted) return;
    const area = outcome();
    main.append(area);
    showError(area, e);
  }
}

function renderHeader(current: Session | null): void {
  if (!current) {
    nav.replaceChildren();
    who.replaceChildren();
    return;
  }
  fill(
    nav,
    h(
      'ul',
      null,
      routes
        .filter((r) => r.href && (r.allowed?.(current) ?? true))
        .map((r) => {
          const active = location.pathname === r.href || location.pathname.startsWith(`${r.href}/`);
          return h('li', null, h('a', { href: r.href!, 'aria-current': active ? 'page' : null }, r.title));
        }),
    ),
  );
  const can = [current.canChange ? 'change' : 'read only', current.canComply ? 'compliance' : null].filter(Boolean).join(' · ');
  fill(
    who,
    h('span', { class: 'who-text' }, `${current.kind === 'jwt' ? 'Token' : 'API key'}: ${can}`),
    h('button', { type: 'button', class: 'secondary', onclick: () => { signOut(); navigate('/'); } }, 'Sign out'),
  );
}

resume(() => navigate('/?expired=1', true));
onNavigate(() => void render());
void render();
