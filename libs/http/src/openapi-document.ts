import { applyDecorators, INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ApiExtraModels, ApiResponse, DocumentBuilder, getSchemaPath, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { ProblemDetailsDto } from './problem-details.dto';

/** The two credentials of the contract; both travel as `Authorization: Bearer …`. */
export const PARTNER_KEY = 'partnerKey';
export const STAFF_TOKEN = 'staffToken';

export interface ApiDocumentOptions {
  title: string;
  description: string;
  /** The contract's version: 1.x while only additive changes are made to /v1 (README "Versioning"). */
  version?: string;
  servers?: { url: string; description: string }[];
}

const PROBLEM_JSON = 'application/problem+json';

/** A problem response of the shared RFC 9457 schema, with an example the live API would answer. */
export function ApiProblem(
  status: number,
  description: string,
  example?: { title: string; detail?: string; type?: string; errors?: { path: string; message: string }[] },
  headers?: Record<string, { description: string; schema: Record<string, unknown> }>,
) {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ApiResponse({
      status,
      description,
      ...(headers ? { headers } : {}),
      content: {
        [PROBLEM_JSON]: {
          schema: { $ref: getSchemaPath(ProblemDetailsDto) },
          ...(example ? { example: { type: 'about:blank', status, ...example } } : {}),
        },
      },
    }),
  );
}

export const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
};

type AuthPolicy = 'public' | { partners: boolean; staffRoles: readonly string[] } | undefined;

/**
 * Every route's security comes from its auth policy (@PartnersOnly, @StaffOnly, @PartnersOrStaff,
 * @Public), the same metadata the guard enforces, so the document cannot disagree with the guard.
 */
async function documentSecurityFromPolicies(app: INestApplicationContext): Promise<void> {
  const { AUTH_POLICY } = await import('@app/auth');
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { prototype: Record<string, unknown> } | undefined;
      if (!controller?.prototype) continue;
      const classPolicy = Reflect.getMetadata(AUTH_POLICY, controller) as AuthPolicy;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const policy = (Reflect.getMetadata(AUTH_POLICY, handler) as AuthPolicy) ?? classPolicy;
        if (!policy) continue;
        // A public route gets the anonymous requirement `{}`, turned into `security: []` below.
        const security =
          policy === 'public'
            ? [{}]
            : [
                ...(policy.partners ? [{ [PARTNER_KEY]: [] }] : []),
                ...(policy.staffRoles.length ? [{ [STAFF_TOKEN]: [] }] : []),
              ];
        Reflect.defineMetadata('swagger/apiSecurity', security, handler);
      }
    }
  }
}

/**
 * The OpenAPI document of an app, as served at /docs-json and as written by `npm run sdk`. Works on an
 * app created with `{ preview: true }` (nothing connected), which is how the SDK is generated at build time.
 */
export async function createApiDocument(
  app: INestApplicationContext,
  options: ApiDocumentOptions,
): Promise<OpenAPIObject> {
  await documentSecurityFromPolicies(app);
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.0.3')
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version ?? '1.0.0')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'A partner API key, issued by `npm run partners`' },
      PARTNER_KEY,
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'A staff access token from POST /v1/auth/login' },
      STAFF_TOKEN,
    );
  for (const server of options.servers ?? []) builder.addServer(server.url, server.description);
  const document = SwaggerModule.createDocument(app as never, builder.build(), {
    extraModels: [ProblemDetailsDto],
    // An explicit @ApiOperation({ operationId }) wins; otherwise the handler's name.
    operationIdFactory: (_controller, method) => method,
  });
  return finishDocument(document);
}

interface SchemaNode {
  type?: string;
  items?: SchemaNode;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  additionalProperties?: boolean;
  properties?: Record<string, SchemaNode>;
  $ref?: string;
  allOf?: SchemaNode[];
}

interface ValidationMetadataLike {
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}

/**
 * The schema of a class-validator DTO says what its decorators enforce, read from class-validator's own
 * metadata: closed (requests are validated with forbidNonWhitelisted), integers where @IsInt, bounds of
 * @Min/@Max/@MaxLength/@MinLength, enums of @IsIn. So the document cannot promise less than the API checks.
 */
function schemasFromValidators(document: OpenAPIObject): void {
  const storage = getMetadataStorage() as unknown as {
    getTargetValidationMetadatas(
      target: object,
      schema: string,
      always: boolean,
      strict: boolean,
    ): ValidationMetadataLike[];
  };
  const targets = (getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, unknown> })
    .validationMetadatas;
  const byName = new Map<string, object>();
  for (const target of targets.keys()) byName.set(target.name, target);
  for (const [name, schema] of Object.entries(
    (document.components?.schemas ?? {}) as Record<string, SchemaNode>,
  )) {
    const target = byName.get(name);
    if (!target || !schema.properties) continue;
    schema.additionalProperties = false;
    for (const m of storage.getTargetValidationMetadatas(target, '', true, false)) {
      const property = schema.properties[m.propertyName];
      if (!property || property.$ref || property.allOf) continue;
      const node = m.each && property.type === 'array' && property.items ? property.items : property;
      const [first] = m.constraints ?? [];
      if (m.name === 'isInt') node.type = 'integer';
      else if (m.name === 'min' && typeof first === 'number') node.minimum = first;
      else if (m.name === 'max' && typeof first === 'number') node.maximum = first;
      else if (m.name === 'maxLength' && typeof first === 'number') node.maxLength = first;
      else if (m.name === 'minLength' && typeof first === 'number') node.minLength = first;
      else if (m.name === 'isIn' && Array.isArray(first) && !node.enum) node.enum = [...first];
    }
  }
}

/** What every operation gets without each controller repeating it. */
function finishDocument(document: OpenAPIObject): OpenAPIObject {
  schemasFromValidators(document);
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as { security?: object[]; responses?: Record<string, unknown> }[]) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      // The controllers' bare @ApiBearerAuth() ('bearer') is superseded by the policy-derived schemes.
      op.security = (op.security ?? []).filter((s) => !('bearer' in s));
      const secured = op.security.some((s) => Object.keys(s).length > 0);
      if (!secured) op.security = [];
      if (secured && !op.responses['401']) {
        op.responses['401'] = problemResponse(401, 'Missing or invalid credentials', 'Unauthorized');
      }
    }
  }
  return document;
}

function problemResponse(status: number, detail: string, title: string) {
  return {
    description: title,
    content: {
      [PROBLEM_JSON]: {
        schema: { $ref: getSchemaPath(ProblemDetailsDto) },
        example: { type: 'about:blank', title, status, detail },
      },
    },
  };
}
