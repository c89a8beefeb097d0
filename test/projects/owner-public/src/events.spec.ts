import { recordEvent } from "./events.js";

await recordEvent({ name: "from a test" });
