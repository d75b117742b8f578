// The lines both target-side fetchers print between body, status and headers.
export const FETCH_MARK = '@@tsplay-fetch@@'
export const HEADERS_MARK = '@@tsplay-headers@@'
