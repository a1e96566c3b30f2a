import { FormEvent, useState } from 'react';
import { api, ApiError } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { Layout } from '../components/Layout';
import { navigate } from '../router';
import { signIn } from '../session';

export function Login({ next }: { next: string | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    try {
      const res = await api.login(username.trim(), password);
      signIn(res.accessToken, { username: username.trim().toLowerCase(), role: res.role });
      // A "next" inside this site only: never an open redirect.
      const safe = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login');
      navigate(safe ? next : '/index.html', true);
    } catch (e) {
      setPassword('');
      setError(
        e instanceof ApiError && (e.status === 401 || (e.status === 400 && e.errors.length === 0))
          ? new ApiError(e.status, e.title, 'Wrong username or password.', [])
          : e,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Layout>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <ErrorSummary error={error} fields={{ username: 'username', password: 'password' }} />
          <h1 className="govuk-heading-l">Sign in</h1>
          <form onSubmit={submit} noValidate>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="username">
                Username
              </label>
              <input
                className="govuk-input"
                id="username"
                name="username"
                autoComplete="username"
                spellCheck={false}
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                autoFocus
              />
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="password">
                Password
              </label>
              <input
                className="govuk-input"
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            <button type="submit" className="govuk-button" disabled={busy}>
              Sign in
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}
