// Sign-in with an API key (X-Api-Key) or a JWT (Authorization: Bearer).
import { ApiError } from '../api';
import { add, choices, clearErrors, field, h, outcome, showError } from '../dom';
import { signIn } from '../session';

export function signInView(main: HTMLElement, signedIn: () => void): void {
  const secret = h('input', { type: 'password', name: 'secret', autocomplete: 'off', spellcheck: 'false', required: true });
  const kind = choices('Sign in with', 'kind', 'radio', [
    { value: 'key', label: 'API key', checked: true },
    { value: 'jwt', label: 'JWT bearer token' },
  ]);
  const area = outcome();
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true },
    kind,
    field('Key or token', secret, 'Kept in this tab only (session storage) and forgotten when you sign out or close the tab.'),
    submit,
    area,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(area, form);
    const chosen = (form.elements.namedItem('kind') as RadioNodeList).value as 'key' | 'jwt';
    const value = secret.value.trim();
    if (!value) {
      showError(area, new ApiError({ status: 0, title: 'Nothing to sign in with', errors: { secret: ['Enter an API key or a token.'] } }), form);
      return;
    }
    submit.disabled = true;
    try {
      await signIn({ kind: chosen, secret: value });
      signedIn();
    } catch (e) {
      showError(area, e, form);
      secret.focus();
    } finally {
      submit.disabled = false;
    }
  });

  const expired = new URLSearchParams(location.search).has('expired');
  add(
    main,
    h('h1', null, 'Sign in'),
    expired ? h('p', { class: 'notice', role: 'alert' }, 'The API no longer accepts the key or token you signed in with. Sign in again.') : null,
    form,
  );
  secret.focus();
}
