export {
  estimateCost,
  estimateEnvironment,
  formatEstimate,
  formatMonthly,
  type CostEstimate,
  type CostInput,
  type CostLine,
  type CostResource,
  type EstimateOptions,
} from './estimate';
export {
  ASSUMPTIONS,
  AURORA_CAPACITY_RULE,
  METHOD_NOTES,
  formatAssumptions,
  usageFor,
  type Assumption,
  type AssumptionKey,
  type Usage,
} from './assumptions';
export { PRICES, priceSourceLine, type Price, type PriceFile, type PriceKey } from './prices';
