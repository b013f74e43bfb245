export * from "./org";
export * from "./auth";
export * from "./audit";
export * from "./training";
export * from "./quiz";
export * from "./contest";
