export * from './orders.types.js';
export { insertOrder, insertOrderLines, findOrder, listOrderLines, listOrders } from './orders.repository.js';
