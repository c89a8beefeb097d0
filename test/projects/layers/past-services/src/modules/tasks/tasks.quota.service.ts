// A service of the tasks feature that no controller goes through: the feature has all three layers.
export const TASK_QUOTA = 100;
