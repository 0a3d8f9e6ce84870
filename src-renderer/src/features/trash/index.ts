/** The trash: what a trashed note shows (read-only until restored). */
export { TrashBanner } from './TrashBanner';
