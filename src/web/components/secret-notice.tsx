/** A secret shown this once (a token, a reset link): what it is, and the secret to copy. */
export function SecretNotice({
  message,
  secret,
  testId,
}: {
  message: string;
  secret: string;
  testId: string;
}) {
  return (
    <div class="notice" role="status">
      <p>{message}</p>
      <p>
        <code class="secret" data-testid={testId}>
          {secret}
        </code>
      </p>
    </div>
  );
}
