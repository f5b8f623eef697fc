/**
 * The `{slots}` of a LangChain prompt template's text: what the values given where it runs
 * fill (`template.invoke({ question })`), and the text outside them, whose letters say
 * whether the template is instructions (see `instruction-text.ts`).
 */

/** Longest slot name read: longer braces are text (`{ "a": 1 }` in a JSON example). */
const MAX_SLOT_NAME = 64;
const SLOT_NAME = /^[A-Za-z_$][\w$.-]*$/;
const MUSTACHE_SLOT = /\{\{(\{?)\s*([#^/&]?)\s*([A-Za-z_$][\w$.-]*)\s*\}?\}\}/g;

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
    const rest = text.replace(MUSTACHE_SLOT, (_all, _triple: string, sigil: string, name: string) => {
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
      const close = text.indexOf("}", i + 1);
      const name = close > i && close - i <= MAX_SLOT_NAME + 1 ? text.slice(i + 1, close).trim() : "";
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
