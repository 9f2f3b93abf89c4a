/**
 * A server's wait in whole minutes, rounded up so that an agent who waits that long is let in;
 * 0 for less than a minute (the messages say "less than a minute" then, not "0 minutes").
 */
export function minutesToWait(seconds: number): number {
  return seconds < 60 ? 0 : Math.ceil(seconds / 60);
}
