import type { ErrorCode } from '../app-error.js';
import type { enUSMessages } from './en-US.js';

/** The messages every locale implements: the ids and parameters of the English catalog. */
export type MessageCatalog = typeof enUSMessages;
export type MessageId = keyof MessageCatalog;

/** One language: the title of every error code and every message. */
export interface LocaleCatalog {
  readonly titles: Readonly<Record<ErrorCode, string>>;
  readonly messages: MessageCatalog;
}
