import type { de } from './de.js';

type Dictionary = typeof de;

/** The shape every language must have: the keys of the German dictionary, same parameters. */
export type Messages = {
  [K in keyof Dictionary]: Dictionary[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};
export type MessageKey = keyof Messages;
export type MessageArgs<K extends MessageKey> = Messages[K] extends (...args: infer A) => string ? A : [];
