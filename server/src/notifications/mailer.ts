import nodemailer from 'nodemailer';
import type { Env } from '../env';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  readonly enabled: boolean;
  send(mail: Mail): Promise<void>;
}

/** SMTP when configured; otherwise a mailer that says it is off, so callers fall back to in-app only. */
export function createMailer(env: Env): Mailer {
  if (!env.SMTP_HOST) return { enabled: false, send: async () => undefined };
  const transport = nodemailer.createTransport({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? '' } : undefined,
    // A local relay without TLS is common on closed networks.
    ignoreTLS: !env.SMTP_SECURE && !env.SMTP_USER,
  });
  return {
    enabled: true,
    send: async (mail) => {
      await transport.sendMail({ from: env.SMTP_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
