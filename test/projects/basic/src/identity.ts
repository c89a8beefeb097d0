// The caller's identity, as the rule tests' handlers read it (`req.user`): the project has an identity source.
export function callerOf(req: { user?: { id: string; deviceId: string } }) {
  return req.user;
}
