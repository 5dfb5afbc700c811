/**
 * Two things @midwayjs/validate (3.20) does on every validated request that bench/api found costing more than
 * the rest of a list request together (the CPU profile: ~120 µs of ~900):
 * - it builds the DTO's joi object schema again from the class's rule metadata (`getSchema` → `Joi.object`);
 *   here each class's schema is built once and kept;
 * - it hands joi its i18n message tables (two locales, 114 templates each) as options, and joi parses or copies
 *   them per call. Those texts are never shown: every rule that can fail says its own error (dto/rules.ts), and
 *   the error filter answers any other failure as VALIDATION_FAILED naming the field. So no tables are passed.
 */
import { RuleType, ValidateService } from '@midwayjs/validate';

type ObjectSchema = ReturnType<typeof RuleType.object>;

type Dto = new (...args: unknown[]) => unknown;

export function prepareValidation(service: ValidateService): void {
  const internals = service as unknown as { messages?: object; getSchema(dto: Dto): ObjectSchema | undefined };
  internals.messages = undefined;
  const build = internals.getSchema.bind(service);
  const schemas = new WeakMap<Dto, ObjectSchema | undefined>();
  internals.getSchema = dto => {
    if (!schemas.has(dto)) schemas.set(dto, build(dto));
    return schemas.get(dto);
  };
}
