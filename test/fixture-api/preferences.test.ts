import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, startApi } from "./harness.js";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

describe("preferences by the compound key (deviceId, key)", () => {
  it("saves and reads the caller's own value of a key; two devices keep their own rows", async () => {
    const alice = await api.device();
    const bob = await api.device();
    expect((await alice.put("/preferences/theme", { value: "dark" })).status).toBe(200);
    expect((await bob.put("/preferences/theme", { value: "light" })).status).toBe(200);
    expect((await alice.put("/preferences/theme", { value: "sepia" })).body).toMatchObject({ deviceId: alice.deviceId, value: "sepia" });
    expect((await alice.get("/preferences/theme")).body).toMatchObject({ deviceId: alice.deviceId, key: "theme", value: "sepia" });
    expect((await bob.get("/preferences/theme")).body).toMatchObject({ deviceId: bob.deviceId, value: "light" });
    expect(await api.prisma.preference.count({ where: { key: "theme" } })).toBe(2);
  });

  it("answers 404 for a key the caller never saved, even when another device did", async () => {
    const alice = await api.device();
    const bob = await api.device();
    await bob.put("/preferences/locale", { value: "fr" });
    expect((await alice.get("/preferences/locale")).status).toBe(404);
  });

  it("answers 401 without a token", async () => {
    expect((await api.anonymous.get("/preferences/theme")).status).toBe(401);
  });
});

describe("the expire-preferences job", () => {
  it("blanks the preferences unchanged for a year, whoever owns them, and leaves recent ones", async () => {
    // imported after startApi, so that the job's client is the API's (the harness picks the database first)
    const { expirePreferences } = await import("../../fixtures/reference-api/src/jobs/expire-preferences.js");
    const alice = await api.device();
    const bob = await api.device();
    const stale = await alice.put("/preferences/old", { value: "kept too long" });
    const fresh = await bob.put("/preferences/new", { value: "recent" });
    const inTwoYears = new Date(Date.now() + 2 * 365 * 24 * 60 * 60 * 1000);
    const blanked = await expirePreferences(inTwoYears);
    expect(blanked).toBeGreaterThanOrEqual(2);
    expect((await api.prisma.preference.findUniqueOrThrow({ where: { id: stale.body.id } })).value).toBe("");
    expect((await api.prisma.preference.findUniqueOrThrow({ where: { id: fresh.body.id } })).value).toBe("");
    await alice.put("/preferences/old", { value: "set again" });
    expect(await expirePreferences(new Date())).toBe(0);
    expect((await api.prisma.preference.findUniqueOrThrow({ where: { id: stale.body.id } })).value).toBe("set again");
  });
});

describe("planted defects", () => {
  it("require-owner-scope: GET /preferences/devices/:deviceId/:key reads the device named in the path", async () => {
    const alice = await api.device();
    const bob = await api.device();
    await bob.put("/preferences/pin", { value: "bob's secret" });
    const res = await alice.get(`/preferences/devices/${bob.deviceId}/pin`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deviceId: bob.deviceId, value: "bob's secret" });
  });

  it("require-owner-scope: GET /preferences/any/:key reads another device's value of the key", async () => {
    const alice = await api.device();
    const bob = await api.device();
    await bob.put("/preferences/recovery-hint", { value: "bob's hint" });
    const res = await alice.get("/preferences/any/recovery-hint");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deviceId: bob.deviceId, value: "bob's hint" });
  });
});
