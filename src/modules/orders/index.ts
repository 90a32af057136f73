export * from './orders.types.js';
export {
  insertOrder,
  insertOrderLines,
  findOrder,
  listOrderLines,
  listOrders,
  setOrderAutoAssignReport,
} from './orders.repository.js';
