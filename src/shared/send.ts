/**
 * `send(type, data)`, typed from the protocol, for any context: give it the context's sendMessage.
 * Imports only types, so content scripts get it without the schemas.
 */
import type { MessageData, MessageReply, MessageType, Result } from './messages';

/** The data argument: optional for messages whose data has no required field (get-flows). */
export type DataArg<K extends MessageType> = {} extends MessageData<K> ? [data?: MessageData<K>] : [data: MessageData<K>];

export type Send = <K extends MessageType>(type: K, ...data: DataArg<K>) => Promise<Result<MessageReply<K>>>;

/**
 * A `send` over `sendMessage`. Only the worker's `{ ok: true, value }` is a success; its `{ ok: false, error }`,
 * a reply of any other shape (none: no listener) and a throwing sendMessage (worker gone, context
 * invalidated) are failures.
 */
export function sender(sendMessage: (message: unknown) => Promise<unknown>): Send {
  return async (type, data = {} as never) => {
    try {
      const reply = (await sendMessage({ type, data })) as { ok?: unknown; error?: unknown } | undefined;
      if (reply?.ok === true) return reply as never;
      return { ok: false, error: typeof reply?.error === 'string' ? reply.error : 'no-reply' };
    } catch (e) {
      return { ok: false, error: String((e as Error)?.message ?? e) };
    }
  };
}
