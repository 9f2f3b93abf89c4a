import { Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type SubmitEvent } from 'react';
import { limits } from '../../../src-shared/limits.js';
import { useSignIn } from '../../api/queries.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useT } from '../../i18n/use-t.js';

/** Sign-in: what was typed stays after a refusal, so that a typo in the password is all there is to fix. */
export function SignInPage() {
  const t = useT();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    signIn.mutate({ username, password });
  };

  return (
    <form className="portal-card portal-sign-in" onSubmit={submit} aria-labelledby="sign-in-heading" noValidate>
      <Stack gap="sm">
        <Title order={1} id="sign-in-heading" size="h3">
          {t.signIn.heading}
        </Title>
        <Text size="sm">{t.signIn.intro}</Text>
        {signIn.error !== null && <ErrorAlert error={signIn.error} />}
        <TextInput
          label={t.signIn.username}
          name="username"
          autoComplete="username"
          required
          withAsterisk={false}
          maxLength={limits.usernameMaxLength}
          value={username}
          onChange={(event) => setUsername(event.currentTarget.value)}
          data-autofocus
          autoFocus
        />
        <PasswordInput
          label={t.signIn.password}
          name="password"
          autoComplete="current-password"
          required
          withAsterisk={false}
          maxLength={limits.passwordMaxLength}
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          visibilityToggleButtonProps={{ 'aria-label': t.signIn.showPassword }}
        />
        <Button type="submit" loading={signIn.isPending}>
          {signIn.isPending ? t.signIn.busy : t.signIn.submit}
        </Button>
      </Stack>
    </form>
  );
}
