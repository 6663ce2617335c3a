import { Injectable } from '@nestjs/common';

/** One received text. */
export interface InboxEntry {
  id: string;
  from: string;
  text: string;
  at: Date;
}

/** Where the texts go: in memory here, your database in your app. */
@Injectable()
export class InboxRepository {
  private readonly entries: InboxEntry[] = [];

  async save(entry: InboxEntry): Promise<void> {
    this.entries.push(entry);
  }

  async all(): Promise<readonly InboxEntry[]> {
    return this.entries;
  }
}
