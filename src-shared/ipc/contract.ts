import { z } from 'zod';
import { appChannels } from './app.js';
import { cacheChannels, syncStatusSchema } from './cache.js';
import type { ChannelFunction, ChannelHandler } from './contract-types.js';
import { directoryChannels } from './directory.js';
import { draftsChannels } from './drafts.js';
import { notificationsChannels, notificationsEvents } from './notifications.js';
import { reportsChannels, reportsEvents } from './reports.js';
import { sessionChannels, sessionStateSchema } from './session.js';
import { workspaceChannels } from './workspace.js';
import type { ChannelNameLiteral, EventNameLiteral } from './channel-names.js';
import { entityNames } from '../sync/entities.js';

/** Every channel between renderer and main process, composed from the per-feature maps. */
export const channels = {
  ...appChannels,
  ...sessionChannels,
  ...directoryChannels,
  ...cacheChannels,
  ...workspaceChannels,
  ...draftsChannels,
  ...notificationsChannels,
  ...reportsChannels,
};
export type Channels = typeof channels;
export type ChannelName = keyof Channels;

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

/** What the renderer sees as `window.kontor.invoke`. */
export type KontorApi = { [C in ChannelName]: ChannelFunction<Channels[C]> };
/** What the main-process services implement. */
export type KontorHandlers = { [C in ChannelName]: ChannelHandler<Channels[C]> };

/** Events the main process pushes to the renderer. */
export const events = {
  'session.changed': sessionStateSchema,
  'sync.changed': syncStatusSchema,
  /**
   * The cache changed (pages applied, an edit made): views re-read what they show if it is among
   * `entities` (every entity after an edit of the agent's, which is laid over what is shown).
   */
  'cache.changed': z.object({ entities: z.array(z.enum(entityNames)) }),
  ...notificationsEvents,
  ...reportsEvents,
};
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** The object the preload exposes as `window.kontor`. */
export interface KontorBridge {
  invoke<C extends ChannelName>(channel: C, input: Parameters<KontorApi[C]>[0]): ReturnType<KontorApi[C]>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Frames of the browser host's WebSocket transport. */
export const wsRequestFrameSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  args: z.unknown().optional(),
});
export const wsResponseFrameSchema = z.union([
  z.object({ id: z.number().int().nonnegative(), result: z.unknown() }),
  // An event without a payload (`cache.changed`) arrives without the key.
  z.object({ event: z.string(), payload: z.unknown().optional() }),
]);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time proof that the preload's allow-lists name exactly the contract's channels and events. */
export const allowListsMatchContract: [Same<ChannelNameLiteral, ChannelName>, Same<EventNameLiteral, EventName>] = [true, true];
