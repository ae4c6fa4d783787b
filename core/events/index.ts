/** Typed in-process event bus with a durable outbox; see bus.ts for the delivery guarantees. */
export { createEventBus, backoffMs } from './bus.js';
export type { DeadLetter, DrainResult, EventBus, EventBusOptions, EventHandler } from './bus.js';
