/**
 * The `{slots}` of a LangChain prompt template's text: what the values given where it runs
 * fill (`template.invoke({ question })`), and the text outside them, whose letters say
 * whether the template is instructions (see `instruction-text.ts`).
 */

/** Longest slot name read: longer braces are text (`{ "a": 1 }` in a JSON example). */
const MAX_SLOT_NAME = 64;
const SLOT_NAME = /^[A-Za-z_$][\w$.-]*$/;
// One way to match each stretch (the sigil's spaces belong to the sigil): two adjacent `\s*` would backtrack quadratically on a long run of spaces in the scanned text.
const MUSTACHE_SLOT = /\{\{(\{?)\s*(?:([#^/&])\s*)?([A-Za-z_$][\w$.-]*)\s*\}?\}\}/g;

export interface TemplateText {
  /** Slot names in order of first use (`{question}`; a mustache `{{user.name}}` is `user`). */
  slots: string[];
  /** The text with its slots taken out, escaped braces (`{{`) as one brace. */
  rest: string;
}

/** Slots of an f-string template (`{name}`, `{{` is a brace), or of a mustache one (`{{name}}`, `{{#list}}`). */
export function templateSlots(text: string, mustache: boolean): TemplateText {
  const slots: string[] = [];
  const add = (name: string) => {
    if (!slots.includes(name)) slots.push(name);
  };
  if (mustache) {
    const rest = text.replace(MUSTACHE_SLOT, (_all, _triple: string, sigil: string | undefined, name: string) => {
      if (sigil !== "/") add(name.split(".")[0]!);
      return "";
    });
    return { slots, rest };
  }
  let rest = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if ((c === "{" || c === "}") && text[i + 1] === c) {
      rest += c;
      i += 2;
      continue;
    }
    if (c === "{") {
      // Looked for within a slot name's reach only: an unclosed `{` must not send every later one to the end of the text.
      const within = text.slice(i + 1, i + MAX_SLOT_NAME + 2).indexOf("}");
      const close = within < 0 ? -1 : i + 1 + within;
      const name = close > i ? text.slice(i + 1, close).trim() : "";
      if (SLOT_NAME.test(name)) {
        add(name);
        i = close + 1;
        continue;
      }
    }
    rest += c;
    i++;
  }
  return { slots, rest };
}
