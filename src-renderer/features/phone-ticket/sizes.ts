/** A size in megabytes with one decimal ("0,3 MB" is left to the message): bytes / 1024². */
export function megabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}
