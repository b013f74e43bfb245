export * from "./org";
export * from "./auth";
export * from "./audit";
export * from "./training";
export * from "./contest";
