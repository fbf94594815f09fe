/**
 * Offer constraints (spec §7, Mesos 1.11): which agents a framework's role does not want
 * offers from, judged on the agent's attributes and pseudo-attributes, and the master's
 * validation of the constraints.
 *
 * @module
 */
import type { Attribute, AttributeConstraint, OfferConstraints } from '../../../wire';

/**
 * What a constraint looks at on an agent.
 *
 * @example
 * ```ts
 * const agent: ConstrainedAgent = { hostname: 'a1', attributes: [], zone: 'z1' };
 * ```
 */
export interface ConstrainedAgent {
  readonly hostname: string;
  readonly attributes: readonly Attribute[];
  /** Fault domain, when the agent has one. */
  readonly region?: string;
  readonly zone?: string;
}

/** A selected value: absent, a pseudo-attribute's text, or a named attribute. */
type Selected =
  | { readonly kind: 'none' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'attribute'; readonly attribute: Attribute };

function select(selector: AttributeConstraint.Selector, agent: ConstrainedAgent): Selected {
  if (selector.attribute_name !== undefined) {
    const attribute = agent.attributes.find((a) => a.name === selector.attribute_name);
    return attribute === undefined ? { kind: 'none' } : { kind: 'attribute', attribute };
  }
  const text =
    selector.pseudoattribute_type === 'HOSTNAME'
      ? agent.hostname
      : selector.pseudoattribute_type === 'REGION'
        ? agent.region
        : selector.pseudoattribute_type === 'ZONE'
          ? agent.zone
          : undefined;
  return text === undefined ? { kind: 'none' } : { kind: 'text', text };
}

function fullMatch(regex: string, text: string): boolean {
  return new RegExp(`^(?:${regex})$`).test(text);
}

/** Applies a text test: absent → `absent`; non-TEXT attributes always pass. */
function textTest(value: Selected, absent: boolean, test: (text: string) => boolean): boolean {
  switch (value.kind) {
    case 'none':
      return absent;
    case 'text':
      return test(value.text);
    case 'attribute':
      return value.attribute.type !== 'TEXT' || test(value.attribute.text?.value ?? '');
  }
}

function holds(constraint: AttributeConstraint, agent: ConstrainedAgent): boolean {
  const value = select(constraint.selector, agent);
  const p = constraint.predicate;
  if (p.exists !== undefined) return value.kind !== 'none';
  if (p.not_exists !== undefined) return value.kind === 'none';
  if (p.text_equals !== undefined) {
    const wanted = p.text_equals.value;
    return textTest(value, false, (t) => t === wanted);
  }
  if (p.text_not_equals !== undefined) {
    const unwanted = p.text_not_equals.value;
    return textTest(value, true, (t) => t !== unwanted);
  }
  if (p.text_matches !== undefined) {
    const regex = p.text_matches.regex;
    return textTest(value, false, (t) => fullMatch(regex, t));
  }
  if (p.text_not_matches !== undefined) {
    const regex = p.text_not_matches.regex;
    return textTest(value, true, (t) => !fullMatch(regex, t));
  }
  return false;
}

/**
 * Whether the framework's constraints exclude the agent for the role: the role has
 * constraints and no group has all its constraints true.
 *
 * @example
 * ```ts
 * isAgentExcluded(fw.offerConstraints, 'web', { hostname: 'a1', attributes: [] });
 * ```
 */
export function isAgentExcluded(
  constraints: OfferConstraints | undefined,
  role: string,
  agent: ConstrainedAgent,
): boolean {
  const groups = constraints?.role_constraints?.[role]?.groups;
  if (groups === undefined) return false;
  return !groups.some((g) => (g.attribute_constraints ?? []).every((c) => holds(c, agent)));
}

function regexProblem(regex: string): string | undefined {
  try {
    new RegExp(regex);
    return undefined;
  } catch (e) {
    return `Failed to construct regex from pattern '${regex}': ${(e as Error).message}`;
  }
}

function constraintProblem(c: AttributeConstraint): string | undefined {
  const s = c.selector;
  if (s.attribute_name === undefined) {
    if (s.pseudoattribute_type === undefined) {
      return "Exactly one of 'AttributeConstraint::Selector::name' or 'AttributeConstraint::Selector::pseudoattribute_type' must be set";
    }
    if (s.pseudoattribute_type === 'UNKNOWN') return 'Unknown pseudoattribute type';
  }
  const p = c.predicate;
  if (p.text_matches !== undefined) return regexProblem(p.text_matches.regex);
  if (p.text_not_matches !== undefined) return regexProblem(p.text_not_matches.regex);
  const set = [p.exists, p.not_exists, p.text_equals, p.text_not_equals].some(
    (x) => x !== undefined,
  );
  return set ? undefined : 'Unknown predicate type';
}

/**
 * Why offer constraints are refused, or undefined when they are valid: a role that is not
 * the framework's, then (prefixed `Offer constraints are not valid: `) an empty group list,
 * an empty group, a bad selector, no predicate, or a regex that does not compile. The
 * texts are the master's (`createAllocatorFrameworkOptions`, `OfferConstraintsFilter`),
 * spaces included or missing as there.
 *
 * @example
 * ```ts
 * offerConstraintsProblem({ role_constraints: { web: { groups: [] } } }, ['web']);
 * // "Offer constraints are not valid: 'OfferConstraints::role_constraints' has an empty 'RoleConstraints::groups' for role web"
 * ```
 */
export function offerConstraintsProblem(
  constraints: OfferConstraints | undefined,
  roles: readonly string[],
): string | undefined {
  const entries = Object.entries(constraints?.role_constraints ?? {});
  for (const [role] of entries) {
    if (!roles.includes(role)) {
      return `Offer constraints specify \`role_constraints\` for a role '${role}'not contained in the set of roles`;
    }
  }
  for (const [role, roleConstraints] of entries) {
    const groups = roleConstraints.groups ?? [];
    if (groups.length === 0) {
      return `Offer constraints are not valid: 'OfferConstraints::role_constraints' has an empty 'RoleConstraints::groups' for role ${role}`;
    }
    for (const group of groups) {
      const list = group.attribute_constraints ?? [];
      if (list.length === 0) {
        return `Offer constraints are not valid: 'OfferConstraints::RoleConstraints::groups' for role ${role}contains an empty RoleConstraints::Group`;
      }
      for (const c of list) {
        const problem = constraintProblem(c);
        if (problem !== undefined) {
          return `Offer constraints are not valid: A role ${role} has an invalid 'AttributeConstraint': ${problem}`;
        }
      }
    }
  }
  return undefined;
}
