/** One frame at 60 Hz, ms. */
export const frameMs = 1000 / 60;
/** A frame took too long when the time to the next one passes one and a half frames. */
const droppedAbove = 1.5 * frameMs;

export interface FrameSummary {
  frames: number;
  perSecond: number;
  /** Intervals longer than 1.5 frames. */
  dropped: number;
  /** Frames that should have been drawn in those intervals and were not. */
  missed: number;
  longestMs: number;
}

/** Dropped and missed frames from the intervals between animation frames. */
export function summariseFrames(intervals: readonly number[]): FrameSummary {
  const total = intervals.reduce((sum, interval) => sum + interval, 0);
  const long = intervals.filter((interval) => interval > droppedAbove);
  return {
    frames: intervals.length,
    perSecond: total === 0 ? 0 : (intervals.length * 1000) / total,
    dropped: long.length,
    missed: long.reduce((sum, interval) => sum + Math.max(1, Math.round(interval / frameMs) - 1), 0),
    longestMs: intervals.length === 0 ? 0 : Math.max(...intervals),
  };
}
