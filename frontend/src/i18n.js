// Built-in labels, by the browser's language. Add a language with addMessages().
const MESSAGES = {
  en: { submit: "Submit", reset: "Reset", cancel: "Cancel" },
  zh: { submit: "提交", reset: "重置", cancel: "取消" },
};

export function addMessages(language, messages) {
  MESSAGES[language] = { ...(MESSAGES[language] || {}), ...messages };
}

export function t(key) {
  for (const language of navigator.languages || [navigator.language || "en"]) {
    const table = MESSAGES[language] || MESSAGES[language.split("-")[0]];
    if (table && table[key]) return table[key];
  }
  return MESSAGES.en[key] ?? key;
}
