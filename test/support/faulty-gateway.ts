import { GatewayUnavailableError, type PaymentGateway } from '../../src/modules/payments/index.js';

/**
 * The real adapter with faults a test switches on: the gateway does the work, then the answer
 * is lost (as if the network or the process failed right after), or something happens between
 * the gateway's answer and the caller hearing it.
 */
export class FaultyGateway implements PaymentGateway {
  /** The next N charges reach the gateway (and are made), then the caller hears a timeout. */
  loseChargeAnswers = 0;
  /** Runs after a charge was made, before the caller hears of it. */
  afterCharge: (() => Promise<void>) | null = null;
  charges = 0;
  refunds = 0;

  constructor(private readonly inner: PaymentGateway) {}

  get name() {
    return this.inner.name;
  }
  get browser() {
    return this.inner.browser;
  }
  createCustomer(input: Parameters<PaymentGateway['createCustomer']>[0]) {
    return this.inner.createCustomer(input);
  }
  attachPaymentMethod(input: Parameters<PaymentGateway['attachPaymentMethod']>[0]) {
    return this.inner.attachPaymentMethod(input);
  }
  detachPaymentMethod(input: Parameters<PaymentGateway['detachPaymentMethod']>[0]) {
    return this.inner.detachPaymentMethod(input);
  }
  retrievePaymentMethod(input: Parameters<PaymentGateway['retrievePaymentMethod']>[0]) {
    return this.inner.retrievePaymentMethod(input);
  }
  async charge(input: Parameters<PaymentGateway['charge']>[0]) {
    const answer = await this.inner.charge(input);
    this.charges++;
    const hook = this.afterCharge;
    this.afterCharge = null;
    if (hook) await hook();
    if (this.loseChargeAnswers > 0) {
      this.loseChargeAnswers--;
      throw new GatewayUnavailableError('The answer was lost (test fault).');
    }
    return answer;
  }
  findCharge(input: Parameters<PaymentGateway['findCharge']>[0]) {
    return this.inner.findCharge(input);
  }
  async refund(input: Parameters<PaymentGateway['refund']>[0]) {
    const answer = await this.inner.refund(input);
    this.refunds++;
    return answer;
  }
  findRefund(input: Parameters<PaymentGateway['findRefund']>[0]) {
    return this.inner.findRefund(input);
  }
}
