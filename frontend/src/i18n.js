// Built-in labels, by the browser's language. Add a language with addMessages().
const MESSAGES = {
  en: {
    submit: "Submit", reset: "Reset", cancel: "Cancel", uploading: "Upload progress",
    file_too_large: "the file is larger than", files_too_large: "the files are larger in all than",
    loading: "Loading…", unselect: "Unselect", selected_row: "Selected {n} row", selected_rows: "Selected {n} rows",
  },
  zh: {
    submit: "提交", reset: "重置", cancel: "取消", uploading: "上传进度",
    file_too_large: "文件大小超过", files_too_large: "文件总大小超过",
    loading: "加载中…", unselect: "取消选择", selected_row: "已选择 {n} 行", selected_rows: "已选择 {n} 行",
  },
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
