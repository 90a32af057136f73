import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  locale: string;
  /** Stable per delivery, so a message sent twice after a crash is recognisably the same one. */
  messageId: string;
  headers: Record<string, string>;
  /**
   * The Date header: when the event happened on the tenant's clock (a test clock's time for a
   * tenant on one, docs/test-clocks.md), not when a retry finally got through.
   */
  date?: Date;
}

export interface SentMail {
  transport: 'smtp' | 'file';
  messageId: string;
  fileName: string | null;
}

const transports = new Map<string, Transporter>();

function smtpTransport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

/** Where mail goes without SMTP: one .eml file per message, listed by the operator page. */
export function mailDir(config: Config): string {
  return path.join(config.dataDir, 'mail');
}

/**
 * Sends one message through SMTP (`BILLING_CENTER_SMTP_URL`), or writes it as an .eml file
 * under `<data dir>/mail/` when no SMTP server is configured: the embedded default, so a demo
 * shows every mail it would have sent.
 */
export async function sendMail(config: Config, mail: OutgoingMail, fileStem: string): Promise<SentMail> {
  const message = {
    from: config.mailFrom,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    ...(mail.date ? { date: mail.date } : {}),
    headers: { 'Content-Language': mail.locale, ...mail.headers },
  };
  if (config.smtpUrl) {
    const info = await smtpTransport(config.smtpUrl).sendMail(message);
    return { transport: 'smtp', messageId: String(info.messageId ?? mail.messageId), fileName: null };
  }
  const built = await nodemailer
    .createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
    .sendMail(message);
  const dir = mailDir(config);
  await mkdir(dir, { recursive: true });
  const fileName = `${fileStem}.eml`;
  await writeFile(path.join(dir, fileName), built.message as Buffer);
  return { transport: 'file', messageId: mail.messageId, fileName };
}
