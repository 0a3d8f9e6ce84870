import { hasWebGL2, WebGLUnavailableError, type CreateGraphScene } from './graph-scene';
/**
 * The real scene, loaded on first use: sigma is a large module that touches WebGL globals as it
 * loads, so it stays out of the main bundle and away from browsers without WebGL.
 */
export const loadSigmaScene: CreateGraphScene = async (...args) => {
  if (!hasWebGL2()) throw new WebGLUnavailableError();
  const { createSigmaScene } = await import('./sigma-scene');
  return createSigmaScene(...args);
};
