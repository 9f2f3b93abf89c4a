/** Size limits, enforced on both sides so that bad input is refused where it is typed. */
export const limits = {
  usernameMaxLength: 256,
  passwordMaxLength: 1024,
  customerSearchMaxLength: 200,
  customerSearchMaxResults: 50,
  displayNameMaxLength: 512,
  /** Largest JSON body the server accepts on session and other small endpoints. */
  smallBodyBytes: 16 * 1024,
  ticketTitleMaxLength: 250,
  articleSubjectMaxLength: 250,
  /** Characters of an article body (about 100 KB of text). */
  articleBodyMaxLength: 100_000,
  attachmentMaxBytes: 10 * 1024 * 1024,
  /** Attachments of one article: an e-mail's parts (a newsletter's 40 inline pictures) as much as an agent's files. */
  attachmentsPerArticle: 50,
  attachmentFilenameMaxLength: 255,
  /** Addresses an agent's e-mail reply goes to, `to` and `cc` together. */
  emailRecipientsPerArticle: 20,
  /** The longest e-mail address (RFC 5321: 64 for the local part, 255 for the domain, and the @). */
  emailAddressMaxLength: 320,
  timeEntryMaxMinutes: 24 * 60,
  mutationsPerBatch: 100,
  /** Largest mutation batch on the wire: attachments travel base64-encoded inside it. */
  mutationBatchMaxBytes: 32 * 1024 * 1024,
  changesPageMaxCount: 1000,
  /** A page of changes stops growing once its JSON passes about this size. */
  changesPageMaxBytes: 1024 * 1024,
} as const;
