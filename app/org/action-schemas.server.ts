import { z } from "zod";
import { CreateAccountSchema, DisableAccountSchema, EnableAccountSchema, ResetPasswordSchema } from "./accounts.server";
import {
  AddPersonSchema,
  AddPositionSchema,
  CloseUnitSchema,
  CreateUnitSchema,
  DeactivatePersonSchema,
  EndPositionSchema,
  GrantRoleSchema,
  MovePersonSchema,
  MoveUnitSchema,
  ReactivatePersonSchema,
  RenameUnitSchema,
  ReopenUnitSchema,
  RevokeRoleSchema,
  UpdatePersonSchema,
} from "./schemas";

// The action schemas of the admin pages: server-only, because the account forms use
// the app's PasswordSchema (a server module); a route's client bundle must not build them.

/** Every form of the unit page, told apart by `intent`. */
export const UnitActionSchema = z.discriminatedUnion("intent", [
  CreateUnitSchema,
  RenameUnitSchema,
  MoveUnitSchema,
  CloseUnitSchema,
  ReopenUnitSchema,
  AddPersonSchema,
]);

/** Every form of the person page, told apart by `intent`. */
export const PersonActionSchema = z.discriminatedUnion("intent", [
  UpdatePersonSchema,
  MovePersonSchema,
  DeactivatePersonSchema,
  ReactivatePersonSchema,
  AddPositionSchema,
  EndPositionSchema,
  CreateAccountSchema,
  ResetPasswordSchema,
  DisableAccountSchema,
  EnableAccountSchema,
  GrantRoleSchema,
  RevokeRoleSchema,
]);
