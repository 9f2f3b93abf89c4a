import { Button, Loader, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { limits } from '../../../../src-shared/limits.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { asIpcError } from '../../../ipc/ipc-error.js';
import { useT } from '../../../i18n/use-t.js';
import { useReloginStore } from '../../sync/relogin-store.js';
import { useLogin } from '../mutations.js';

/** Reasons after which the agent most likely retypes the password. */
const passwordReasons: ReadonlySet<string> = new Set(['invalid-credentials', 'empty-password']);

/**
 * User name and password. The typed user name stays after any failure; the password is cleared
 * only when it was wrong, and focus then goes to the password field.
 */
export function LoginForm() {
  const t = useT();
  const login = useLogin();
  const errorId = useId();
  // Sent back to sign in again: the user name is known, only the password is asked for.
  const [username, setUsername] = useState(() => useReloginStore.getState().username);
  const [password, setPassword] = useState('');
  const [usernameMissing, setUsernameMissing] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (useReloginStore.getState().username === '') usernameRef.current?.focus();
    else passwordRef.current?.focus();
  }, []);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (login.isPending) return;
    login.reset();
    if (username.trim() === '') {
      setUsernameMissing(true);
      usernameRef.current?.focus();
      return;
    }
    setUsernameMissing(false);
    login.mutate(
      { username, password },
      {
        onError: (error) => {
          const { reason } = asIpcError(error);
          if (reason === 'invalid-credentials') setPassword('');
          if (passwordReasons.has(reason)) passwordRef.current?.focus();
        },
      },
    );
  }

  const failed = login.isError;
  return (
    <form onSubmit={submit} noValidate aria-describedby={failed ? errorId : undefined} aria-busy={login.isPending}>
      <Stack gap="sm">
        {failed && <ReasonAlert id={errorId} title={t('login.failed')} error={login.error} />}
        <TextInput
          ref={usernameRef}
          label={t('login.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(event) => {
            setUsername(event.currentTarget.value);
            if (usernameMissing) setUsernameMissing(false);
          }}
          error={usernameMissing ? t('login.username-required') : undefined}
          maxLength={limits.usernameMaxLength}
        />
        <PasswordInput
          ref={passwordRef}
          label={t('login.password')}
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          visibilityToggleButtonProps={{ 'aria-label': t('login.show-password') }}
          maxLength={limits.passwordMaxLength}
        />
        {/* Busy in words and shape; the button stays focusable (aria-disabled) so focus is not lost. */}
        <Button
          type="submit"
          fullWidth
          aria-disabled={login.isPending}
          leftSection={login.isPending ? <Loader size={14} color="currentColor" aria-hidden="true" /> : undefined}
        >
          {login.isPending ? t('login.submitting') : t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
