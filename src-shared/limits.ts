/** Size limits, enforced on both sides so that bad input is refused where it is typed. */
export const limits = {
  usernameMaxLength: 256,
  passwordMaxLength: 1024,
  customerSearchMaxLength: 200,
  customerSearchMaxResults: 50,
  displayNameMaxLength: 512,
  /** Largest JSON body the server accepts on session and other small endpoints. */
  smallBodyBytes: 16 * 1024,
} as const;
