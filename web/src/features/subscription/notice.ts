/** A message at the top of a subscription's page after an action. */
export type Notice = { intent: 'success' | 'info'; text: string; link?: { to: string; label: string } };
