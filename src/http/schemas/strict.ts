import { type TObject, type TProperties, Type } from 'typebox';

/**
 * An object schema that refuses fields it does not name. `additionalProperties: false` alone
 * does not: Fastify's validator strips unknown fields before it checks (`removeAdditional`), so
 * a misspelt field would be dropped without a word. `propertyNames` is checked on the body as
 * sent, so a client learns of the field it got wrong.
 */
export function StrictObject<T extends TProperties>(
  properties: T,
  options: Record<string, unknown> = {},
): TObject<T> {
  return Type.Object(properties, {
    ...options,
    additionalProperties: false,
    propertyNames: { enum: Object.keys(properties) },
  });
}
