export { startTestGateway, defaultTestKeys, parseForm } from './server.js';
export type { TestGateway, TestGatewayOptions, TestGatewayFaults } from './server.js';
export { testPaymentMethodIds, cardsByNumber } from './cards.js';
