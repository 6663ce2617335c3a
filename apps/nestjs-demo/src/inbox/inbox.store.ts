import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { InboundMessage } from '@sinch-inbounds/nestjs';
import { Observable, Subject } from 'rxjs';

/**
 * The messages the inbox shows, by id. A message can arrive twice — a webhook redelivery,
 * or a backfill of one the webhook already brought — and is kept once. In memory: a real
 * app would put its database here.
 */
@Injectable()
export class InboxStore implements OnModuleDestroy {
  readonly #byId = new Map<string, InboundMessage>();
  readonly #added = new Subject<InboundMessage>();

  /** Each message the first time it is stored; completes when the app shuts down. */
  readonly added$: Observable<InboundMessage> = this.#added.asObservable();

  /** Stores a message; `false` when one with the same id is already stored. */
  add(message: InboundMessage): boolean {
    if (this.#byId.has(message.id)) return false;
    this.#byId.set(message.id, message);
    this.#added.next(message);
    return true;
  }

  /** Every message, newest first (ids break ties in received time). */
  list(): InboundMessage[] {
    return [...this.#byId.values()].sort(
      (a, b) => b.received_at.getTime() - a.received_at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    );
  }

  /** Ends the open event streams, so the server can close. */
  onModuleDestroy(): void {
    this.#added.complete();
  }
}
