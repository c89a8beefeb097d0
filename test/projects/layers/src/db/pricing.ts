// A module of the data layer's folder that holds no client: plain constants.
export const PRICES = { basic: 5, pro: 20 } as const;
